import db from "../db.server";
import { databaseAnswers, redisProbe, type RedisProbe } from "../health.server";

let redis: RedisProbe | undefined;

// Liveness and readiness for load balancers and the sandbox: the process answers, its database
// does and, when the app queues jobs on Redis (REDIS_URL), Redis does.
export const loader = async () => {
  if (process.env.REDIS_URL) redis ??= redisProbe(process.env.REDIS_URL);
  const [database, queue] = await Promise.all([
    databaseAnswers(db),
    redis ? redis.answers() : Promise.resolve(null),
  ]);
  const checks = { database, ...(queue === null ? {} : { redis: queue }) };
  const ok = Object.values(checks).every(Boolean);
  return Response.json(
    { ok, checks },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
};
