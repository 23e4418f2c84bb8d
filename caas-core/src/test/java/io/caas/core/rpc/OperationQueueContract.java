package io.caas.core.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the API and the conductors rely on, checked against a real broker. Subclasses say which broker:
 * RabbitMQ in production, the embedded Qpid broker for {@code caas dev}. Every test uses its own queue.
 */
public abstract class OperationQueueContract {
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    protected abstract AmqpSettings brokerSettings();

    private final List<AutoCloseable> opened = new ArrayList<>();
    private BrokerAdmin admin;
    private ConductorQueue queue;

    @BeforeEach
    void openAdmin() throws Exception {
        admin = new BrokerAdmin(brokerSettings());
        queue = admin.uniqueQueue();
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        admin.close();
    }

    @Test
    void aConfirmedOperationIsConsumedExactlyOnceAndAcknowledged() throws Exception {
        BlockingQueue<OperationMessage> received = new LinkedBlockingQueue<>();
        OperationConsumer consumer = consumer("conductor-a", received::add);
        OperationMessage sent = new OperationMessage(UUID.randomUUID().toString(), "req-" + UUID.randomUUID());

        publisher().publish(sent);

        assertThat(received.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(sent);
        consumer.stop(PATIENCE);
        assertThat(received).isEmpty();
        assertThat(admin.readyMessages(queue)).as("acknowledged, so not back in the queue").isZero();
    }

    /** RabbitMQ returns the message then confirms it, Broker-J nacks it: either way the caller must hear it. */
    @Test
    void aPublishThatReachesNoQueueFailsAndTheQueueIsDeclaredAgain() throws Exception {
        OperationPublisher publisher = publisher();
        publisher.publish(new OperationMessage(UUID.randomUUID().toString(), "req-first"));
        admin.deleteQueue(queue);

        assertThatThrownBy(() -> publisher.publish(new OperationMessage("lost-op", "req-lost")))
                .isInstanceOf(PublishFailedException.class)
                .hasMessageContaining("lost-op")
                .hasMessageContaining("PENDING");
        OperationMessage next = new OperationMessage(UUID.randomUUID().toString(), "req-next");
        publisher.publish(next);
        BlockingQueue<OperationMessage> received = new LinkedBlockingQueue<>();
        consumer("conductor-late", received::add);
        assertThat(received.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(next);
    }

    @Test
    void competingConductorsShareTheOperations() throws Exception {
        CountDownLatch bothBusy = new CountDownLatch(2);
        Set<String> handledByA = ConcurrentHashMap.newKeySet();
        Set<String> handledByB = ConcurrentHashMap.newKeySet();
        List<String> allHandled = new CopyOnWriteArrayList<>();
        consumer("conductor-a", sharing(handledByA, allHandled, bothBusy));
        consumer("conductor-b", sharing(handledByB, allHandled, bothBusy));
        OperationPublisher publisher = publisher();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String uuid = UUID.randomUUID().toString();
            sent.add(uuid);
            publisher.publish(new OperationMessage(uuid, "req-" + i));
        }

        Await.until("all 10 operations handled", PATIENCE, () -> allHandled.size() >= 10);
        assertThat(allHandled).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(handledByA).isNotEmpty();
        assertThat(handledByB).isNotEmpty();
    }

    /** The first message each conductor gets waits until the other is busy too: with prefetch 1 the broker must
     * then have given one to each. */
    private static OperationHandler sharing(Set<String> mine, List<String> all, CountDownLatch bothBusy) {
        return message -> {
            boolean first = mine.isEmpty();
            mine.add(message.operationUuid());
            if (first) {
                bothBusy.countDown();
                assertThat(bothBusy.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            }
            all.add(message.operationUuid());
        };
    }

    @Test
    void anOperationHeldByAConductorThatDiesGoesToAnother() throws Exception {
        CountDownLatch neverReleasedInTime = new CountDownLatch(1);
        BlockingQueue<OperationMessage> takenByDoomed = new LinkedBlockingQueue<>();
        OperationConsumer doomed = consumer("conductor-doomed", message -> {
            takenByDoomed.add(message);
            neverReleasedInTime.await();
        });
        OperationMessage sent = new OperationMessage(UUID.randomUUID().toString(), "req-dies");
        publisher().publish(sent);
        assertThat(takenByDoomed.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(sent);

        BlockingQueue<OperationMessage> takenBySurvivor = new LinkedBlockingQueue<>();
        consumer("conductor-survivor", takenBySurvivor::add);
        assertThat(takenBySurvivor.poll(300, TimeUnit.MILLISECONDS)).as("held unacked by the first").isNull();
        doomed.stop(Duration.ZERO);

        assertThat(takenBySurvivor.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(sent);
        neverReleasedInTime.countDown();
    }

    @Test
    void aFailingHandlerGetsOneRetryThenTheMessageIsDropped() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        OperationConsumer consumer = consumer("conductor-failing", message -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("database unreachable");
        });
        publisher().publish(new OperationMessage(UUID.randomUUID().toString(), "req-fails"));

        Await.until("the retry", PATIENCE, () -> attempts.get() >= 2);
        consumer.stop(PATIENCE);
        assertThat(attempts).hasValue(2);
        assertThat(admin.readyMessages(queue)).isZero();
    }

    @Test
    void aMessageThatIsNotAnOperationIsDroppedWithoutReachingTheHandler() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        admin.publishRaw(queue, "{\"not\":\"an operation\"}");
        OperationConsumer consumer = consumer("conductor-poison", message -> handled.incrementAndGet());

        Await.until("the message delivered", PATIENCE, () -> admin.readyMessages(queue) == 0);
        consumer.stop(PATIENCE);
        assertThat(admin.readyMessages(queue)).as("dropped for good, not left unacked").isZero();
        assertThat(handled).hasValue(0);
    }

    @Test
    void stoppingWaitsForTheRunningHandlerAndItsAck() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<OperationMessage> started = new LinkedBlockingQueue<>();
        OperationConsumer consumer = consumer("conductor-stopping", message -> {
            started.add(message);
            release.await();
        });
        publisher().publish(new OperationMessage(UUID.randomUUID().toString(), "req-stop"));
        assertThat(started.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isNotNull();

        Thread stopping = new Thread(() -> consumer.stop(PATIENCE));
        stopping.start();
        Await.until("the consumer cancelled", PATIENCE, () -> admin.consumers(queue) == 0);
        release.countDown();
        stopping.join(PATIENCE.toMillis());

        assertThat(stopping.isAlive()).isFalse();
        assertThat(admin.readyMessages(queue)).as("acked before the connection closed").isZero();
    }

    protected final OperationPublisher publisher() {
        OperationPublisher publisher = new OperationPublisher(brokerSettings(), queue, "caas-api-test");
        opened.add(publisher);
        return publisher;
    }

    protected final OperationConsumer consumer(String name, OperationHandler handler) throws Exception {
        OperationConsumer consumer = new OperationConsumer(brokerSettings(), queue, handler, name);
        opened.add(consumer);
        consumer.start();
        return consumer;
    }
}
