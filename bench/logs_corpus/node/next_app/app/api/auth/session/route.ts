import { jwtVerify, SignJWT } from "jose";
import { cookies } from "next/headers";
import { NextRequest, NextResponse } from "next/server";

import { findUserByEmail, verifyPassword } from "@/lib/users";

const secret = new TextEncoder().encode(process.env.AUTH_SECRET);

export async function POST(request: NextRequest) {
  const { email, password } = await request.json();
  // An email address is not a secret: logging it alone is labelled safe.
  console.log("login attempt", email); // expect: safe (field)
  console.log("login attempt", { email, password }); // expect: unsafe (name)
  console.debug("request headers", Object.fromEntries(request.headers)); // expect: unsafe (headers)
  console.debug("header names", [...request.headers.keys()]); // expect: safe (other)

  const user = await findUserByEmail(email);
  if (!user || !(await verifyPassword(password, user.passwordHash))) {
    console.warn(`invalid credentials for ${email}`); // expect: safe (field)
    return NextResponse.json({ error: "invalid credentials" }, { status: 401 });
  }

  const token = await new SignJWT({ sub: user.id })
    .setProtectedHeader({ alg: "HS256" })
    .setExpirationTime("7d")
    .sign(secret);
  cookies().set("session", token, { httpOnly: true, secure: true, sameSite: "lax" });
  console.log(`session issued for user ${user.id}`); // expect: safe (id)
  console.log("session token", token); // expect: unsafe (name)
  console.log("AUTH_SECRET", process.env.AUTH_SECRET); // expect: unsafe (env)
  return NextResponse.json({ ok: true });
}

export async function GET(request: NextRequest) {
  const session = request.cookies.get("session")?.value;
  console.debug("session cookie", session); // expect: unsafe (auth-header)
  console.debug("has session cookie:", Boolean(session)); // expect: safe (bool)
  console.debug("cookies", request.cookies.getAll()); // expect: unsafe (auth-header)
  if (!session) {
    return NextResponse.json({ user: null });
  }
  try {
    const { payload } = await jwtVerify(session, secret);
    console.debug(`session valid for ${payload.sub}`); // expect: safe (id)
    return NextResponse.json({ user: { id: payload.sub } });
  } catch (err) {
    console.warn("invalid session cookie", (err as Error).message); // expect: safe (error)
    return NextResponse.json({ user: null });
  }
}

export async function DELETE() {
  cookies().delete("session");
  console.info("session cleared"); // expect: safe (constant)
  return NextResponse.json({ ok: true });
}
