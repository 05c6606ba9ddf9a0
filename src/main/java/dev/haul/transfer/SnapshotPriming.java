package dev.haul.transfer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import dev.haul.config.HaulConfig;
import dev.haul.fetch.Fetcher;
import dev.haul.fetch.policy.HostResolver;
import dev.haul.fetch.policy.UrlPolicy;
import dev.haul.fetch.policy.UrlPolicySettings;
import dev.haul.model.Deadline;
import dev.haul.model.Delivery;
import dev.haul.model.FetchItem;
import dev.haul.model.ItemResult;
import dev.haul.model.ItemStatus;
import dev.haul.model.PlannedItem;
import dev.haul.spool.SpoolDirectory;
import dev.haul.spool.TmpBudget;
import dev.haul.store.ExistingObjects;
import dev.haul.store.ObjectWriter;
import dev.haul.store.StaleUploads;

/**
 * SnapStart priming: just before Lambda snapshots a JVM function's initialised environment (CRaC's
 * {@code beforeCheckpoint}), two bodies are carried through the real transfer path, fetch, spool and store, so that
 * the snapshot holds that code loaded, initialised and partly compiled, and a restored function does not pay for it
 * on its first batch. One body fits a single PutObject, the other takes a two-part multipart upload.
 *
 * <p>Both ends are a {@link PrimingStandIn} on 127.0.0.1: the origin is fetched through a {@link Fetcher} of its own
 * whose URL policy allows loopback (the function's own policy is not touched), and the bodies are stored through an
 * S3 client of its own pointed at the stand-in, so priming reads and writes nothing of the account's. Priming never
 * fails the snapshot: anything that goes wrong is logged, and the function is as it would be without it.
 */
@ApplicationScoped
public class SnapshotPriming implements Resource {

    private static final Logger LOG = Logger.getLogger(SnapshotPriming.class);
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final int SMALL_BODY = 64 * 1024;

    private final Vertx vertx;
    private final HaulConfig config;
    private final SpoolDirectory spool;
    private final TmpBudget budget;

    SnapshotPriming(Vertx vertx, HaulConfig config, SpoolDirectory spool, TmpBudget budget) {
        this.vertx = vertx;
        this.config = config;
        this.spool = spool;
        this.budget = budget;
    }

    /** CRaC holds its resources weakly; this bean is application-scoped, so it lives as long as the function. */
    void onStart(@Observes StartupEvent event) {
        Core.getGlobalContext().register(this);
        if (config.priming().atStart()) {
            primeAndLog("at start-up");
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        primeAndLog("for the snapshot");
    }

    private void primeAndLog(String when) {
        long started = System.nanoTime();
        try {
            int stored = prime();
            LOG.infof("primed %s: %d of 2 bodies through fetch, spool and store in %d ms", when, stored,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (RuntimeException e) {
            LOG.warnf("priming %s did not complete (the function works as without it): %s", when, e.toString());
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing was kept open: the stand-in, its clients and their connections closed before the snapshot.
    }

    /** Carries the two bodies through fetch, spool and store on loopback; returns how many were stored. */
    public int prime() {
        long multipart = config.store().partSize().asLongValue() + SMALL_BODY;
        try (PrimingStandIn standIn = PrimingStandIn.start(vertx.getDelegate());
                S3AsyncClient s3 = standInClient(standIn)) {
            Fetcher fetcher = new Fetcher(vertx, config, loopbackPolicy());
            try {
                ItemTransfer transfer = new ItemTransfer(fetcher, new SpooledBodies(new ObjectWriter(s3, config),
                        spool, budget, vertx, config), new ExistingObjects(s3, config), new StaleUploads(s3, config),
                        new RetryPolicy(config), config);
                List<ItemResult> results = Uni.join().all(carry(transfer, standIn, 1, SMALL_BODY),
                        carry(transfer, standIn, 2, multipart)).andFailFast().await().atMost(LIMIT);
                return (int) results.stream().filter(result -> result.status() == ItemStatus.STORED).count();
            } finally {
                closeQuietly(fetcher);
            }
        }
    }

    private static Uni<ItemResult> carry(ItemTransfer transfer, PrimingStandIn standIn, int index, long bytes) {
        FetchItem item = new FetchItem(standIn.origin(bytes), Optional.empty(), Map.of());
        return transfer.run(new TransferOrder(new PlannedItem(index, item, "haul-priming/" + bytes), "priming",
                OptionalLong.empty(), true, Deadline.after(LIMIT, Duration.ZERO), Delivery.FIRST));
    }

    /** The function's policy with loopback allowed: the Lambda Runtime API stays refused, as it always is. */
    private static UrlPolicy loopbackPolicy() {
        return new UrlPolicy(new UrlPolicySettings(List.of("127.0.0.1/32"),
                Optional.ofNullable(System.getenv("AWS_LAMBDA_RUNTIME_API")), Optional.empty()), HostResolver.system());
    }

    private static S3AsyncClient standInClient(PrimingStandIn standIn) {
        return S3AsyncClient.builder()
                .endpointOverride(standIn.s3Endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming",
                        "priming")))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .build();
    }

    private static void closeQuietly(Fetcher fetcher) {
        try {
            fetcher.close();
        } catch (Exception e) {
            LOG.debugf("closing the priming fetcher: %s", e.toString());
        }
    }
}
