import { SetMetadata } from '@nestjs/common';

/** Metadata key of endpoints that need no token (health, metrics, JWKS, login); read by @yuqing/auth's guard. */
export const PUBLIC_ENDPOINT = 'yuqing:public';

/** Marks a controller or handler as open to unauthenticated callers. Everything else needs a permission. */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(PUBLIC_ENDPOINT, true);
