import { Injectable, Logger, OnModuleInit, UnauthorizedException } from "@nestjs/common";
import { ConfigService } from "@nestjs/config";
import { JwtService } from "@nestjs/jwt";
import * as bcrypt from "bcrypt";
import { createHash, randomBytes } from "crypto";

import { UsersService } from "../users/users.service";

@Injectable()
export class AuthService implements OnModuleInit {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly config: ConfigService,
  ) {}

  onModuleInit() {
    const secret = this.config.get<string>("JWT_SECRET");
    this.logger.log(`JWT configured: ${secret ? "yes" : "no"}`); // expect: safe (bool)
    this.logger.debug(`JWT secret: ${secret}`); // expect: unsafe (name)
    this.logger.debug(`JWT_SECRET=${this.config.get("JWT_SECRET")}`); // expect: unsafe (env)
    this.logger.debug(`JWT expiry ${this.config.get("JWT_EXPIRES_IN", "15m")}`); // expect: safe (env-ok)
    this.logger.debug(`JWT secret length ${secret?.length ?? 0}`); // expect: safe (length)
  }

  async login(email: string, password: string) {
    const user = await this.users.findByEmail(email);
    if (!user) {
      this.logger.warn(`login for unknown email ${email}`); // expect: safe (field)
      return null;
    }
    const ok = await bcrypt.compare(password, user.passwordHash);
    this.logger.debug(`password match for ${user.id}: ${ok}`); // expect: safe (bool)
    if (!ok) {
      return null;
    }
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role });
    const refreshToken = randomBytes(48).toString("hex");
    const refreshHash = createHash("sha256").update(refreshToken).digest("hex");
    await this.users.saveRefreshTokenHash(user.id, refreshHash);
    this.logger.log(`issued tokens for ${user.id}`); // expect: safe (id)
    this.logger.debug(`access token ${accessToken}`); // expect: unsafe (name)
    this.logger.debug({ userId: user.id, refreshToken }); // expect: unsafe (name)
    this.logger.debug(`refresh token hash prefix ${refreshHash.slice(0, 8)}`); // expect: safe (hashed)
    return { userId: user.id, accessToken, refreshToken };
  }

  async revokeAll(userId: string) {
    const revoked = await this.users.revokeRefreshTokens(userId);
    this.logger.log(`revoked ${revoked} refresh tokens for ${userId}`); // expect: safe (count)
    return revoked;
  }

  async refresh(refreshToken: string | undefined) {
    if (!refreshToken) {
      this.logger.warn("refresh without token"); // expect: safe (constant)
      throw new UnauthorizedException();
    }
    const hash = createHash("sha256").update(refreshToken).digest("hex");
    const user = await this.users.findByRefreshTokenHash(hash);
    if (!user) {
      this.logger.warn(`unknown refresh token ${refreshToken}`); // expect: unsafe (name)
      throw new UnauthorizedException();
    }
    try {
      const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role });
      this.logger.log(`access token re-issued for ${user.id}`); // expect: safe (id)
      return { accessToken };
    } catch (err) {
      this.logger.error("refresh failed", (err as Error).stack); // expect: safe (error)
      throw err;
    }
  }
}
