// What the web server passes to every loader and action (app/http.server.ts getLoadContext).
export {};

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    /** The client's address as the web server sees it (Express `req.ip`, honouring TRUST_PROXY). */
    clientIp?: string;
  }
}
