#!/bin/sh
# Writes the Kafka command-line tools' client configuration for compose's admin user
# (SASL_SSL, PLAIN) to $1, from HELHET_KAFKA_ADMIN_PASSWORD. Used by the kafka
# container's healthcheck and by the kafka-topics one-shot container.
set -eu
umask 077
cat > "$1" <<PROPS
security.protocol=SASL_SSL
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="${HELHET_KAFKA_ADMIN_PASSWORD}";
ssl.truststore.type=PEM
ssl.truststore.location=/etc/kafka/certs/ca.crt
PROPS
