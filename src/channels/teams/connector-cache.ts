import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';

type AuthResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
type ConnectorFactoryLike = NonNullable<AuthResult['connectorFactory']>;
type ConnectorClientLike = Awaited<ReturnType<ConnectorFactoryLike['create']>>;
type ClaimsIdentityLike = Parameters<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>[0];
type UserTokenClientLike = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;

/** An insertion-ordered cache that forgets the oldest entry beyond `limit`; failed creations are not kept. */
export class BoundedPromiseCache<V> {
  private readonly entries = new Map<string, Promise<V>>();
  constructor(private readonly limit: number) {}

  get size(): number {
    return this.entries.size;
  }

  getOrCreate(key: string, create: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const value = create();
    this.entries.set(key, value);
    value.catch(() => {
      if (this.entries.get(key) === value) this.entries.delete(key);
    });
    if (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }
}

function appIdOf(identity: ClaimsIdentityLike | undefined): string {
  return identity?.claims?.find((c) => c.type === 'aud' || c.type === 'appid' || c.type === 'azp')?.value ?? '';
}

/**
 * CloudAdapter builds a new ConnectorClient and UserTokenClient, each with its own HTTP pipeline,
 * for every inbound activity, also for invokes that never call out. This authentication keeps them
 * per (app id, service URL, audience), as the older BotFrameworkAdapter did; the profile in
 * docs/performance.md shows what it saves. Inbound requests are still authenticated one by one,
 * and tokens are still fetched and refreshed per outbound request by the credentials inside the
 * client. Bounded, because the service URL comes from the activity.
 */
export class CachingBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new BoundedPromiseCache<ConnectorClientLike>(64);
  private readonly tokenClients = new BoundedPromiseCache<UserTokenClientLike>(16);

  override async authenticateRequest(...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>): Promise<AuthResult> {
    const result = await super.authenticateRequest(...args);
    const factory = result.connectorFactory;
    if (!factory) return result;
    const appId = appIdOf(result.claimsIdentity);
    const cached: ConnectorFactoryLike = Object.assign(Object.create(factory) as ConnectorFactoryLike, {
      create: (serviceUrl: string, audience?: string): Promise<ConnectorClientLike> =>
        this.connectors.getOrCreate(`${appId}|${serviceUrl}|${audience ?? ''}`, () => factory.create(serviceUrl, audience)),
    });
    return { ...result, connectorFactory: cached };
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentityLike): Promise<UserTokenClientLike> {
    return this.tokenClients.getOrCreate(appIdOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }
}
