import type { CommandConfig } from "./config-schema.js";
import type { MqttPort } from "./ports.js";
import { renderPayload, renderTemplate, type TemplateValues } from "./template.js";
import { topicNameProblem } from "./topic-filter.js";

/**
 * A command's actions: each configured MQTT publish, its topic and payload rendered with
 * `values`. Throws when a topic renders into something that is no topic (a missing value
 * leaves `?` as a level), before anything later in the list is published.
 */
export async function publishCommand(
  c: CommandConfig,
  values: TemplateValues,
  mqtt: MqttPort,
): Promise<void> {
  for (const p of c.publish) {
    const topic = renderTemplate(p.topic, values);
    const problem = topic.split("/").includes("?") ? "a missing value" : topicNameProblem(topic);
    if (problem !== undefined) throw new Error(`cannot publish: ${problem} in the topic`);
    await mqtt.publish(topic, renderPayload(p.payload, values), { qos: p.qos, retain: p.retain });
  }
}
