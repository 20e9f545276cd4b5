import db from "../db.server";

// Liveness and readiness for load balancers and the sandbox: the process answers and its database does.
export const loader = async () => {
  try {
    await db.shop.count();
    return Response.json({ ok: true });
  } catch {
    return Response.json({ ok: false, reason: "database unavailable" }, { status: 503 });
  }
};
