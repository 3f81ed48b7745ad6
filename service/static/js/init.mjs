// Start the GOV.UK Frontend components (error summary focus, navigation toggle, radios...).
import { initAll } from "../vendor/govuk-frontend.min.js";

initAll();
