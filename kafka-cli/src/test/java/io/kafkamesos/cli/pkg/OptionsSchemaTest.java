package io.kafkamesos.cli.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class OptionsSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final OptionsSchema SCHEMA = new OptionsSchema(json("""
            {'$schema': 'http://json-schema.org/draft-04/schema#', 'type': 'object', 'additionalProperties': false, 'properties': {
              'a': {'type': 'object', 'additionalProperties': false, 'required': ['r'], 'properties': {
                'n': {'type': 'integer', 'default': 3, 'minimum': 1, 'maximum': 5},
                'x': {'type': 'number', 'default': 0.5},
                's': {'type': 'string', 'default': 'abc', 'pattern': '^[a-z]+$', 'minLength': 2, 'maxLength': 4},
                'e': {'type': 'string', 'enum': ['ANY', 'NODE']},
                'b': {'type': 'boolean', 'default': false},
                'r': {'type': 'string', 'default': 'given'},
                'm': {'type': 'object', 'default': {}, 'patternProperties': {'^[a-z.]+$': {'type': 'string'}},
                      'additionalProperties': false}
              }}
            }}
            """));

    @Test
    void fillsDefaultsIntoMissingObjectsAndFields() {
        assertThat(SCHEMA.withDefaults(json("{}")))
                .isEqualTo(json("{'a': {'n': 3, 'x': 0.5, 's': 'abc', 'b': false, 'r': 'given', 'm': {}}}"));
        assertThat(SCHEMA.withDefaults(json("{'a': {'n': 5, 'm': {'k.v': 'x'}}}")).get("a"))
                .isEqualTo(json("{'n': 5, 'x': 0.5, 's': 'abc', 'b': false, 'r': 'given', 'm': {'k.v': 'x'}}"));
    }

    @Test
    void validInstanceHasNoProblems() {
        assertThat(SCHEMA.validate(SCHEMA.withDefaults(json("{'a': {'n': 4.0, 'e': 'NODE', 'x': 2}}")))).isEmpty();
    }

    @Test
    void eachProblemNamesTheFieldAndTheRule() {
        assertThat(SCHEMA.validate(json("{'a': {'r': 'x', 'n': 0}}"))).containsExactly("a.n: must be at least 1, not 0");
        assertThat(SCHEMA.validate(json("{'a': {'r': 'x', 'n': 6}}"))).containsExactly("a.n: must be at most 5, not 6");
        assertThat(SCHEMA.validate(json("{'a': {'r': 'x', 'n': 2.5}}")))
                .containsExactly("a.n: must be an integer, not the number 2.5");
        assertThat(SCHEMA.validate(json("{'a': {'r': 'x', 'n': '3'}}")))
                .containsExactly("a.n: must be an integer, not the string \"3\"");
        assertThat(SCHEMA.validate(json("{'a': {'r': 'x', 'e': 'FOO'}}")))
                .containsExactly("a.e: must be one of [\"ANY\",\"NODE\"], not \"FOO\"");
        assertThat(SCHEMA.validate(json("{'a': {'r': 'x', 's': 'AB'}}")))
                .containsExactly("a.s: \"AB\" does not match ^[a-z]+$");
        assertThat(SCHEMA.validate(json("{'a': {'r': 'x', 's': 'a'}}")))
                .containsExactly("a.s: must have at least 2 character(s)");
        assertThat(SCHEMA.validate(json("{'a': {'r': 'x', 's': 'abcde'}}")))
                .containsExactly("a.s: must have at most 4 characters");
        assertThat(SCHEMA.validate(json("{'a': {'r': 'x', 'b': 'yes'}}")))
                .containsExactly("a.b: must be a boolean, not the string \"yes\"");
        assertThat(SCHEMA.validate(json("{'a': {}}"))).containsExactly("a.r: is required");
        assertThat(SCHEMA.validate(json("{'a': 3}"))).containsExactly("a: must be an object, not the integer 3");
        assertThat(SCHEMA.validate(json("[]"))).containsExactly("options: must be an object, not an array");
    }

    @Test
    void unknownKeysAreRefusedWithTheKnownOnes() {
        assertThat(SCHEMA.validate(json("{'a': {'r': 'x', 'nn': 1}, 'z': 1}"))).containsExactly(
                "a.nn: unknown option; known options of a: n, x, s, e, b, r, m",
                "z: unknown option; known options of the file: a");
    }

    @Test
    void mapEntriesAreCheckedByNameAndValue() {
        assertThat(SCHEMA.validate(json("{'a': {'r': 'x', 'm': {'Bad': 'v', 'ok.name': 1}}}"))).containsExactly(
                "a.m.Bad: the name \"Bad\" does not match ^[a-z.]+$",
                "a.m.ok.name: must be a string, not the integer 1");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThat(SCHEMA.validate(json("{'a': {'n': 0, 'e': 'X', 'b': 1}}"))).hasSize(4);
    }

    @Test
    void refusesSchemasWithKeywordsDraft4DoesNotHave() {
        // propertyNames came with draft 6: a draft 4 validator would ignore it, so the schema is refused
        assertThatThrownBy(() -> new OptionsSchema(json("{'type': 'object', 'properties': {'a': "
                + "{'type': 'object', 'propertyNames': {'pattern': '^a$'}}}}"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("propertyNames");
    }

    @Test
    void checksDraft4KeywordsBeyondTheOldSubset() {
        OptionsSchema schema = new OptionsSchema(json("{'type': 'object', 'properties': {'a': {'oneOf': ["
                + "{'type': 'string'}, {'type': 'integer', 'multipleOf': 2}]}}}"));
        assertThat(schema.validate(json("{'a': 'x'}"))).isEmpty();
        assertThat(schema.validate(json("{'a': 4}"))).isEmpty();
        assertThat(schema.validate(json("{'a': 3}"))).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("a: "));
    }
}
