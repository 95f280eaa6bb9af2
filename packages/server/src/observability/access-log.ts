import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/** One line per request: method, route template, status, duration. Never the body or the token. */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route: unknown = req.route?.path;
      logger.info(
        {
          method: req.method,
          route: typeof route === 'string' ? `${req.baseUrl}${route}` : req.path,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'request',
      );
    });
    next();
  };
}
