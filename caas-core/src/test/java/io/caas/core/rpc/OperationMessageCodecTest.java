package io.caas.core.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OperationMessageCodecTest {
    @Test
    void writesTheAgreedWireForm() {
        byte[] body = OperationMessageCodec.encode(new OperationMessage("0b7e", "req-1"));

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"operation\":\"0b7e\",\"request_id\":\"req-1\"}");
    }

    @Test
    void readsBackWhatItWrote() {
        OperationMessage message = new OperationMessage("0b7e", null);

        assertThat(OperationMessageCodec.decode(OperationMessageCodec.encode(message))).isEqualTo(message);
    }

    @Test
    void refusesBodiesThatAreNotOperations() {
        assertThatThrownBy(() -> OperationMessageCodec.decode("nope".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OperationMessageCodec.MalformedMessageException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> OperationMessageCodec.decode("{\"operation\":7}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OperationMessageCodec.MalformedMessageException.class).hasMessageContaining("operation");
    }
}
