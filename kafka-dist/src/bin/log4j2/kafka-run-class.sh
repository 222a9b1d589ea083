#!/bin/sh
# Runs a class of this distribution with its libs/ on the class path:
#   bin/kafka-run-class.sh CLASS [ARGUMENTS...]
# JAVA_HOME picks the JVM (else java on the PATH); KAFKA_HEAP_OPTS (default -Xmx256m), KAFKA_OPTS and
# KAFKA_LOG4J_OPTS (default: warnings on stderr, config/tools-log4j2.yaml) are passed to it.
base_dir=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
if [ -n "$JAVA_HOME" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
# shellcheck disable=SC2086 # the options are lists of words
exec "$java" ${KAFKA_HEAP_OPTS:--Xmx256m} ${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=$base_dir/config/tools-log4j2.yaml} $KAFKA_OPTS \
  -cp "$base_dir/libs/*" "$@"
