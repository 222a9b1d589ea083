package io.kafkamesos.cli.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonPrinterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String pretty(String json) throws Exception {
        return JsonPrinter.pretty(JSON.readTree(json));
    }

    @Test
    void printsTheSeedEnvelopeExactly() throws Exception {
        assertThat(pretty("{\"stdout\":\"Created topic \\\"topic1\\\".\\n\",\"exit_code\":0,\"stderr\":\"\"}"))
                .isEqualTo("""
                        {
                            "exit_code": 0,
                            "stderr": "",
                            "stdout": "Created topic \\"topic1\\".\\n"
                        }""");
    }

    @Test
    void printsNestedArraysAndSortsKeys() throws Exception {
        assertThat(pretty("{\"partitions\":[{\"0\":{\"version\":1,\"leader_epoch\":0,\"leader\":0,\"isr\":[0,1],"
                + "\"controller_epoch\":1}}]}")).isEqualTo("""
                {
                    "partitions": [
                        {
                            "0": {
                                "controller_epoch": 1,
                                "isr": [
                                    0,
                                    1
                                ],
                                "leader": 0,
                                "leader_epoch": 0,
                                "version": 1
                            }
                        }
                    ]
                }""");
    }

    @Test
    void printsScalarsAndEmptyContainersLikePython() throws Exception {
        assertThat(pretty("{\"a\":[],\"b\":{},\"c\":null,\"d\":true,\"e\":-1,\"f\":\"tab\\there ü\"}")).isEqualTo("""
                {
                    "a": [],
                    "b": {},
                    "c": null,
                    "d": true,
                    "e": -1,
                    "f": "tab\\there \\u00fc"
                }""");
        assertThat(pretty("[\"topic1\",\"topic0\"]")).isEqualTo("[\n    \"topic1\",\n    \"topic0\"\n]");
    }

    @Test
    void inOrderKeepsTheDocumentsKeyOrderAndPrintsTheSameWay() throws Exception {
        assertThat(JsonPrinter.prettyInOrder(JSON.readTree("{\"id\":\"/kafka0\",\"env\":{\"B\":\"2\",\"A\":\"1\"},"
                + "\"uris\":[],\"labels\":{}}"))).isEqualTo("""
                        {
                            "id": "/kafka0",
                            "env": {
                                "B": "2",
                                "A": "1"
                            },
                            "uris": [],
                            "labels": {}
                        }""");
    }
}
