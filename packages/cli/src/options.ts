import { Command, InvalidArgumentError, Option } from 'commander';

/** Kafka and registry connection flags shared by the commands that talk to them. */
export function addConnectionOptions(cmd: Command): Command {
  return cmd
    .option('--brokers <list>', 'Kafka bootstrap servers, comma separated (env KAFKA_BROKERS; default: the local stack, else localhost:9092)')
    .option('--registry-url <url>', 'schema registry URL (env SCHEMA_REGISTRY_URL; default: the local stack, else http://localhost:8081)')
    .option('--registry-auth <user:password>', 'registry basic auth (env SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO)')
    .option('--sasl-mechanism <name>', 'plain | scram-sha-256 | scram-sha-512 (env KAFKA_SASL_MECHANISM)')
    .option('--sasl-username <name>', 'SASL username (env KAFKA_SASL_USERNAME)')
    .option('--sasl-password <secret>', 'SASL password (env KAFKA_SASL_PASSWORD)')
    .option('--ssl', 'connect to the brokers over TLS (env KAFKA_SSL=true)')
    .option('--ssl-ca <file>', 'PEM file of the CA that signed the brokers\' certificates (env KAFKA_SSL_CA_LOCATION)')
    .option('--ssl-insecure', 'do not verify the brokers\' certificates (tests only)');
}

/** A parser for whole numbers in a range; a bad value is a usage error naming the flag and value. */
export function intArg(flag: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`${flag} takes a whole number, got "${value}".`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`${flag} must be between ${min} and ${max}, got ${n}.`);
    return n;
  };
}

export function numberArg(flag: string, minExclusive: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= minExclusive) throw new InvalidArgumentError(`${flag} takes a number greater than ${minExclusive}, got "${value}".`);
    return n;
  };
}

export function choiceOption(flags: string, description: string, choices: readonly string[], defaultValue?: string): Option {
  const o = new Option(flags, description).choices(choices);
  return defaultValue === undefined ? o : o.default(defaultValue);
}

/** `--format`: human output by default, machine output on request. */
export function formatOption(choices: readonly string[] = ['text', 'json']): Option {
  return choiceOption('--format <format>', 'output format', choices);
}

/** Values that may repeat (`--where a=1 --where b=2`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
