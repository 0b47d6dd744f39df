/** Kafka's rule for topic names: 1 to 249 letters, digits, '.', '_' or '-' (the settings schema and replay's option check share it). */
export const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

/** Why a topic name is refused, continuing `<name> "<value>" …`. */
export const TOPIC_NAME_RULE = "is not a Kafka topic name: use 1 to 249 letters, digits, '.', '_' or '-'";

export function isTopicName(s: string): boolean {
  return TOPIC_NAME.test(s);
}
