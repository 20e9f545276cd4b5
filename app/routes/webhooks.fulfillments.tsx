import { ingestWebhookAction } from "../events/webhook-route.server";
import { webhookLoader } from "../webhooks/authenticate.server";

export const loader = webhookLoader;
export const action = ingestWebhookAction;
