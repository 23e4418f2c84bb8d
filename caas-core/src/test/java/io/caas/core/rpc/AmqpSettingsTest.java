package io.caas.core.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caas.core.config.CaasConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AmqpSettingsTest {
    @Test
    void defaultsMatchALocalRabbitMq() {
        AmqpSettings settings = AmqpSettings.from(CaasConfig.parse("", Map.of()));

        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(5672);
        assertThat(settings.username()).isEqualTo("guest");
        assertThat(settings.virtualHost()).isEqualTo("/");
        assertThat(settings.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.prefetch()).isEqualTo(1);
    }

    @Test
    void readsMagnumStyleRabbitSection() {
        AmqpSettings settings = AmqpSettings.from(CaasConfig.parse("""
                [oslo_messaging_rabbit]
                rabbit_host = 127.0.0.2
                rabbit_port = 5673
                rabbit_userid = caas
                rabbit_password = pw
                rabbit_virtual_host = caas
                heartbeat_timeout_threshold = 30
                [amqp]
                prefetch = 4
                """, Map.of()));

        assertThat(settings).extracting(AmqpSettings::host, AmqpSettings::port, AmqpSettings::username,
                        AmqpSettings::password, AmqpSettings::virtualHost, AmqpSettings::heartbeatTimeout,
                        AmqpSettings::prefetch)
                .containsExactly("127.0.0.2", 5673, "caas", "pw", "caas", Duration.ofSeconds(30), 4);
    }

    @Test
    void urlWinsOverTheRabbitSectionAndIsDecoded() {
        AmqpSettings settings = AmqpSettings.from(CaasConfig.parse("""
                [oslo_messaging_rabbit]
                rabbit_host = 127.0.0.9
                rabbit_userid = ignored
                [amqp]
                url = amqp://caas:p%40ss%2Fw+rd@127.0.0.3:5674/%2Fcaas
                """, Map.of()));

        assertThat(settings).extracting(AmqpSettings::host, AmqpSettings::port, AmqpSettings::username,
                        AmqpSettings::password, AmqpSettings::virtualHost)
                .containsExactly("127.0.0.3", 5674, "caas", "p@ss/w+rd", "/caas");
    }

    @Test
    void urlWithoutPortOrVhostUsesDefaults() {
        AmqpSettings settings = AmqpSettings.from(CaasConfig.parse("[amqp]\nurl = amqp://u:p@127.0.0.1\n", Map.of()));

        assertThat(settings.port()).isEqualTo(5672);
        assertThat(settings.virtualHost()).isEqualTo("/");
    }

    @Test
    void environmentOverridesTheFile() {
        AmqpSettings settings = AmqpSettings.from(CaasConfig.parse("[oslo_messaging_rabbit]\nrabbit_port = 1\n",
                Map.of("CAAS_OSLO_MESSAGING_RABBIT__RABBIT_PORT", "5675")));

        assertThat(settings.port()).isEqualTo(5675);
    }

    @Test
    void thePasswordNeverShowsInTextOrErrors() {
        AmqpSettings settings = AmqpSettings.from(CaasConfig.parse("[amqp]\nurl = amqp://u:TopSecret1@h:5672/v\n", Map.of()));

        assertThat(settings.toString()).doesNotContain("TopSecret1").contains("u@h:5672/v");
        assertThat(settings.address()).doesNotContain("TopSecret1");
        assertThatThrownBy(() -> AmqpSettings.from(CaasConfig.parse("[amqp]\nurl = amqp://u:Top Secret@h/\n", Map.of())))
                .hasMessageNotContaining("Top Secret")
                .hasMessageContaining("amqp://user:password@host:port/vhost");
    }

    @Test
    void rejectsWhatItCannotUse() {
        assertThatThrownBy(() -> AmqpSettings.from(CaasConfig.parse("[amqp]\nurl = amqps://u:p@h/\n", Map.of())))
                .hasMessageContaining("amqp://");
        assertThatThrownBy(() -> AmqpSettings.from(CaasConfig.parse("[oslo_messaging_rabbit]\nrabbit_port = 70000\n", Map.of())))
                .hasMessageContaining("rabbit_port");
        assertThatThrownBy(() -> AmqpSettings.from(CaasConfig.parse("[amqp]\nprefetch = 0\n", Map.of())))
                .hasMessageContaining("prefetch");
    }
}
