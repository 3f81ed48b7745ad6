"""Measuring the linter against labelled data (`tenderlint eval`): clause tags against CUAD's
annotations (`cuad`), and rule findings against hand-labelled corpus documents (`labels`).
They are tools about the linter, not part of linting, so they sit apart from the pipeline's stages.
"""
