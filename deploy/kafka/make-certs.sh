#!/usr/bin/env bash
# Certificates for compose's Kafka listener (SASL_SSL): a private CA and the broker's
# key and certificate (names kafka and localhost), PEM files in deploy/kafka/certs/
# (not committed). `make compose-certs` runs this; it keeps existing files unless
# FORCE=1. The services trust ca.crt (KAFKA_SSL_CAFILE); Kafka reads kafka.pem (its
# key and certificate chain) and ca.crt.
set -euo pipefail
cd "$(dirname "$0")"
DIR=certs
DAYS=${DAYS:-825}
if [[ -f "$DIR/kafka.pem" && "${FORCE:-0}" != 1 ]]; then
  echo "deploy/kafka/certs exists (FORCE=1 to replace it)"
  exit 0
fi
mkdir -p "$DIR"
umask 077
openssl req -x509 -newkey rsa:3072 -nodes -sha256 -days "$DAYS" \
  -subj "/CN=Helhet compose Kafka CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout "$DIR/ca.key" -out "$DIR/ca.crt" 2>/dev/null
openssl req -newkey rsa:3072 -nodes -sha256 -subj "/CN=kafka" \
  -keyout "$DIR/kafka.key" -out "$DIR/kafka.csr" 2>/dev/null
openssl x509 -req -sha256 -days "$DAYS" -in "$DIR/kafka.csr" \
  -CA "$DIR/ca.crt" -CAkey "$DIR/ca.key" -CAcreateserial \
  -extfile <(printf 'subjectAltName=DNS:kafka,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n') \
  -out "$DIR/kafka.crt" 2>/dev/null
# Kafka's PEM key store: the key (PKCS#8, unencrypted) followed by the certificate chain.
openssl pkcs8 -topk8 -nocrypt -in "$DIR/kafka.key" -out "$DIR/kafka.pk8"
cat "$DIR/kafka.pk8" "$DIR/kafka.crt" "$DIR/ca.crt" > "$DIR/kafka.pem"
rm -f "$DIR/kafka.csr" "$DIR/kafka.pk8" "$DIR/ca.srl"
# The CA certificate is public (the services, uid 10001, read it). kafka.pem holds the
# broker's key: readable by Kafka's user (uid 1000 in the apache/kafka image) only.
chmod 644 "$DIR/ca.crt" "$DIR/kafka.crt"
chmod 600 "$DIR/kafka.pem"
if [[ "$(id -u)" == 0 ]]; then
  chown 1000:1000 "$DIR/kafka.pem"
else
  echo "not root: run 'sudo chown 1000:1000 deploy/kafka/certs/kafka.pem' for the Kafka container" >&2
fi
openssl verify -CAfile "$DIR/ca.crt" "$DIR/kafka.crt"
echo "wrote deploy/kafka/certs: ca.crt, kafka.pem (keep ca.key and kafka.key private)"
