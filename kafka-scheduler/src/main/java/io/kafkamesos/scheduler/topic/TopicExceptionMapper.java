package io.kafkamesos.scheduler.topic;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers a refused topic request with its status and {@code {"message": ...}}. */
@Provider
public final class TopicExceptionMapper implements ExceptionMapper<TopicException> {

    private static final Logger LOG = LoggerFactory.getLogger(TopicExceptionMapper.class);

    @Override
    public Response toResponse(TopicException e) {
        if (e.kind() == TopicException.Kind.UNAVAILABLE) {
            LOG.warn("Topic request failed: {}", e.getMessage(), e.getCause());
        } else {
            LOG.info("Topic request refused ({}): {}", e.kind(), e.getMessage());
        }
        return Response.status(e.kind().status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(e.getMessage()))
                .build();
    }
}
