package io.kafkamesos.cli;

/** The help text. */
final class Usage {

    static final String TEXT = """
            Usage:
              dcos kafka [--framework-name=NAME] <command>
              dcos config set <key> <value> | dcos config unset <key> | dcos config show [<key>]

            Commands:
              connection                                  brokers and ZooKeeper address for clients
              broker list                                 ids of the brokers
              broker describe <id>                        a broker's registration
              broker restart <id>                         restart a broker's task
              broker replace <id> [--force]               relaunch a lost broker on another agent
                                                          (--force: even a running one; its data is
                                                          lost; "broker replace <id> force" also works)
              broker remove <id>                          move its partitions away, stop it, free its
                                                          resources (refused if a topic would not fit)
              topic list                                  names of the topics
              topic create <name> --partitions=N --replication=N
              topic describe <name>                       partition states (leader, isr, epochs)
              topic offsets <name>                        latest offset of each partition
              topic partitions <name> <count>             increase the partition count
              topic config <name> <key> <value>           set a topic config value
              topic delete_config <name> --key=KEY        unset a topic config value
              topic producer_test <name> <messages> [--size=BYTES] [--acks=0|1|all]
              topic delete <name>                         mark a topic for deletion
              topic under_replicated_partitions           partitions missing in-sync replicas
              topic unavailable_partitions                partitions without a live leader
              plan show                                   the configuration roll-out: target, steps
              plan interrupt                              finish the current step, then stop
              plan continue                               resume an interrupted plan
              plan restart <step>                         retry a step in ERROR (e.g. restart-1)

            The service is $DCOS_URI (or core.dcos_url) + /service/<framework-name>; the framework
            name defaults to kafka.framework_name, else kafka0. KAFKA_SERVICE_URL=http://host:port
            calls a scheduler directly. Settings live in ${DCOS_DIR:-~/.dcos}/kafka-mesos.properties;
            config keys: core.dcos_url, kafka.framework_name.
            Exit status: 0 success, 1 the service refused or failed, 2 bad command line.
            """;

    private Usage() {
    }
}
