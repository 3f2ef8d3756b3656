// Cookie names and options in one place. In production cookies carry the __Host- prefix
// and Secure, which pins them to this exact origin over HTTPS; over plain http on
// localhost browsers refuse both, so development drops them.
import type { CookieSerializeOptions } from "@fastify/cookie";
import type { Config } from "../config.ts";

export function cookieName(config: Config, name: string): string {
  return config.env === "production" ? `__Host-${name}` : name;
}

export function cookieOptions(config: Config): CookieSerializeOptions {
  return {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: config.env === "production",
  };
}
