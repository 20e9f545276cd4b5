// graphql ships types for values.js only; values.mjs is the same API.
declare module "graphql/execution/values.mjs" {
  export { getVariableValues } from "graphql/execution/values";
}
