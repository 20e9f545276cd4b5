// POST /pixel: the web pixel's events (see app/events/pixel.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receivePixelRequest } from "../events/pixel.server";

export const action = ({ request, context }: ActionFunctionArgs) =>
  receivePixelRequest(request, context.clientIp);
export const loader = ({ request, context }: LoaderFunctionArgs) =>
  receivePixelRequest(request, context.clientIp);
