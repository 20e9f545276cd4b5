// The web pixel's entry: Shopify's sandbox calls register's callback with the pixel API.
import { register } from "@shopify/web-pixels-extension";
import { trackEvents } from "./pixel";

register((api) => trackEvents(api));
