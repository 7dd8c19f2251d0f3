#!/bin/bash
# Entry point of the kafka image: writes server.properties from the environment, formats the storage on first start
# (a formatted /data is kept as it is, so topics survive a new container on the same volume), then runs the broker.
set -euo pipefail

DATA=${KAFKA_DATA_DIR:-/data}
CONFIG=$DATA/server.properties
CLASSPATH="/opt/kafka/libs/*"
LOG4J=-Dlog4j2.configurationFile=file:/opt/kafka/log4j2.properties

write_config() {
  # Clients connect to the advertised address: 127.0.0.1 inside Braid's pod; a container name on a podman network.
  cat >"$CONFIG" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${KAFKA_CONTROLLER_PORT}
listeners=PLAINTEXT://0.0.0.0:${KAFKA_PORT},CONTROLLER://127.0.0.1:${KAFKA_CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://${KAFKA_ADVERTISED_HOST}:${KAFKA_PORT}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA/kraft-logs
num.partitions=${KAFKA_NUM_PARTITIONS}
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=${KAFKA_LOG_RETENTION_HOURS:-24}
log.segment.bytes=16777216
PROPS
}

format_once() {
  [ -f "$DATA/kraft-logs/meta.properties" ] && return
  # A cluster id is 16 random bytes, base64url without padding.
  local id
  id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
  # "--cluster-id=" keeps an id starting with '-' from being read as an option.
  java -Xmx256m "$LOG4J" -cp "$CLASSPATH" kafka.tools.StorageTool format --cluster-id="$id" -c "$CONFIG" --ignore-formatted
}

write_config
format_once
exec java -Xms64m -Xmx"$KAFKA_HEAP" -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED "$LOG4J" \
  -cp "$CLASSPATH" kafka.Kafka "$CONFIG"
