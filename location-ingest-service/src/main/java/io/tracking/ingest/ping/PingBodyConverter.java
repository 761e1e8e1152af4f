package io.tracking.ingest.ping;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;

/**
 * Reads {@link SinglePing} and {@link PingBatch} request bodies (JSON only) with the {@link PingJsonReader}.
 *
 * <p>The size limit is enforced on the bytes received, not only on {@code Content-Length}: a chunked body is
 * read up to one byte past the limit and refused there, so an oversized body is never held in memory whole.
 */
final class PingBodyConverter extends AbstractHttpMessageConverter<Object> {

    private final PingJsonReader reader;
    private final int maxBodyBytes;

    PingBodyConverter(PingJsonReader reader, int maxBodyBytes) {
        super(MediaType.APPLICATION_JSON);
        this.reader = reader;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected boolean supports(Class<?> type) {
        return type == SinglePing.class || type == PingBatch.class;
    }

    @Override
    public boolean canWrite(Class<?> type, MediaType mediaType) {
        return false;
    }

    @Override
    protected Object readInternal(Class<?> type, HttpInputMessage input) throws IOException {
        if (input.getHeaders().getContentLength() > maxBodyBytes) {
            throw new PayloadTooLargeException(maxBodyBytes);
        }
        byte[] body;
        try (InputStream in = input.getBody()) {
            body = in.readNBytes(maxBodyBytes + 1);
        }
        if (body.length > maxBodyBytes) {
            throw new PayloadTooLargeException(maxBodyBytes);
        }
        return type == SinglePing.class ? reader.readSingle(body) : reader.readBatch(body);
    }

    @Override
    protected void writeInternal(Object value, HttpOutputMessage output) {
        throw new UnsupportedOperationException("request bodies only");
    }
}
