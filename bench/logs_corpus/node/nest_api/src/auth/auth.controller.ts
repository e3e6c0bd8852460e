import {
  BadRequestException,
  Body,
  Controller,
  Headers,
  HttpCode,
  Logger,
  Post,
  Req,
  UnauthorizedException,
} from "@nestjs/common";
import { ConfigService } from "@nestjs/config";
import type { Request } from "express";
import { Webhook } from "svix";

import { AuthService } from "./auth.service";
import { LoginDto } from "./dto/login.dto";

@Controller("auth")
export class AuthController {
  private readonly logger = new Logger(AuthController.name);

  constructor(
    private readonly authService: AuthService,
    private readonly config: ConfigService,
  ) {}

  @Post("login")
  @HttpCode(200)
  async login(@Body() dto: LoginDto, @Headers("user-agent") userAgent: string) {
    this.logger.log(`login attempt for ${dto.email} (${userAgent})`); // expect: safe (field)
    this.logger.debug(`login dto: ${JSON.stringify(dto)}`); // expect: unsafe (body)
    this.logger.debug(`login password: ${dto.password}`); // expect: unsafe (name)
    const result = await this.authService.login(dto.email, dto.password);
    if (!result) {
      this.logger.warn(`failed login for ${dto.email}`); // expect: safe (field)
      throw new UnauthorizedException();
    }
    this.logger.log(`login ok for user ${result.userId}`); // expect: safe (id)
    return result;
  }

  @Post("refresh")
  @HttpCode(200)
  async refresh(@Headers("authorization") authorization: string, @Req() req: Request) {
    this.logger.verbose(`refresh with ${authorization}`); // expect: unsafe (auth-header)
    this.logger.debug(req.headers); // expect: unsafe (headers)
    this.logger.debug(`refresh requested, ${Object.keys(req.headers).length} headers`); // expect: safe (count)
    const refreshToken = authorization?.replace(/^Bearer\s+/i, "");
    const tokens = await this.authService.refresh(refreshToken);
    this.logger.log("token refreshed"); // expect: safe (constant)
    this.logger.debug(`new tokens ${JSON.stringify(tokens)}`); // expect: unsafe (name)
    return tokens;
  }

  @Post("webhooks/clerk")
  @HttpCode(204)
  async clerk(@Headers() headers: Record<string, string>, @Req() req: Request & { rawBody?: Buffer }) {
    this.logger.debug(`clerk webhook headers ${JSON.stringify(headers)}`); // expect: unsafe (headers)
    this.logger.log(`clerk webhook ${headers["svix-id"]}`); // expect: safe (id)
    this.logger.debug(`svix-signature: ${headers["svix-signature"]}`); // expect: unsafe (signature)
    const wh = new Webhook(this.config.getOrThrow<string>("CLERK_WEBHOOK_SECRET"));
    try {
      const evt = wh.verify(req.rawBody ?? Buffer.alloc(0), headers) as { type: string; data: { id: string } };
      this.logger.log(`clerk ${evt.type} for ${evt.data.id}`); // expect: safe (id)
    } catch (err) {
      this.logger.error("svix verification failed", (err as Error).stack); // expect: safe (error)
      this.logger.verbose(req.body); // expect: unsafe (body)
      throw new BadRequestException();
    }
  }
}
