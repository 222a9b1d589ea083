package io.kafkamesos.cli.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Makes picocli's command objects with their collaborators (constructor injection): each class
 * that needs any is registered with a supplier; the rest (converters, plain groups) are made by
 * picocli's default factory.
 */
public final class CommandFactory implements CommandLine.IFactory {

    private final Map<Class<?>, Supplier<?>> makers = new LinkedHashMap<>();

    public <T> CommandFactory register(Class<T> type, Supplier<? extends T> maker) {
        makers.put(type, maker);
        return this;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Supplier<?> maker = makers.get(type);
        return maker != null ? type.cast(maker.get()) : CommandLine.defaultFactory().create(type);
    }
}
