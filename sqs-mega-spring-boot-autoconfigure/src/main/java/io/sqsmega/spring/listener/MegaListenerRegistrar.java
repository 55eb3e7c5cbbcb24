package io.sqsmega.spring.listener;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.dispatch.RetryBackoff;
import io.sqsmega.match.MatchCompiler;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaPublishException;
import io.sqsmega.spring.QueueResolver;
import io.sqsmega.spring.json.Jackson2ObjectMapping;
import io.sqsmega.spring.json.ObjectMapping;
import io.sqsmega.spring.metrics.MegaMetrics;
import io.sqsmega.spring.offload.LargePayloads;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.validation.Validator;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Finds the {@link MegaListener} methods of the context's singletons once they exist, checks and
 * compiles them (a broken one fails startup with a message naming the method), resolves each
 * queue (a missing one fails startup) and runs one {@link MegaListenerContainer} per queue,
 * however many methods and beans name it. Starts last and stops first.
 */
public class MegaListenerRegistrar implements SmartInitializingSingleton, SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(MegaListenerRegistrar.class);

    private final ConfigurableListableBeanFactory beanFactory;
    private final Environment environment;
    private final SqsAsyncClient sqs;
    private final QueueResolver queues;
    private final BodyDecoder decoder;
    private final MatchCompiler compiler;
    private final ObjectMapping mapping;
    private final Validator validator;
    private final ContainerOptions options;
    private final List<Class<? extends Throwable>> retriable;
    private final MegaMetrics metrics;
    private final Map<String, ContainerOptions> queueOptions;
    private final ListenerExecution execution;
    private final List<MegaListenerContainer> containers = new ArrayList<>();
    private LargePayloads largePayloads = LargePayloads.unavailable(LargePayloads.NOT_CONFIGURED);
    private volatile boolean running;

    /**
     * @param beanFactory where the listener beans are
     * @param environment resolves placeholders in queue names and expressions
     * @param sqs the client
     * @param queues resolves queue names
     * @param decoder decodes bodies
     * @param compiler compiles match expressions (with the registered functions)
     * @param mapper binds data objects to POJO parameters
     * @param options container options
     * @param retriable exception types that mean retry for every listener
     * @param metrics what to count
     * @param queueOptions options of particular queues, by the name listeners give them (others use {@code options})
     * @param execution where listener methods run and where observations go
     */
    public MegaListenerRegistrar(ConfigurableListableBeanFactory beanFactory, Environment environment,
            SqsAsyncClient sqs, QueueResolver queues, BodyDecoder decoder, MatchCompiler compiler, ObjectMapper mapper,
            ContainerOptions options, List<Class<? extends Throwable>> retriable, MegaMetrics metrics,
            Map<String, ContainerOptions> queueOptions, ListenerExecution execution) {
        this(beanFactory, environment, sqs, queues, decoder, compiler, new Jackson2ObjectMapping(mapper,
                "an ObjectMapper"), null, options, retriable, metrics, queueOptions, execution);
    }

    /**
     * @param beanFactory where the listener beans are
     * @param environment resolves placeholders in queue names and expressions
     * @param sqs the client
     * @param queues resolves queue names
     * @param decoder decodes bodies
     * @param compiler compiles match expressions (with the registered functions)
     * @param mapping binds data objects to record and POJO parameters (the application's mapper)
     * @param validator validates {@code @Valid} payload parameters, or {@code null} when there is none
     * @param options container options
     * @param retriable exception types that mean retry for every listener
     * @param metrics what to count
     * @param queueOptions options of particular queues, by the name listeners give them (others use {@code options})
     * @param execution where listener methods run and where observations go
     */
    public MegaListenerRegistrar(ConfigurableListableBeanFactory beanFactory, Environment environment,
            SqsAsyncClient sqs, QueueResolver queues, BodyDecoder decoder, MatchCompiler compiler, ObjectMapping mapping,
            Validator validator, ContainerOptions options, List<Class<? extends Throwable>> retriable,
            MegaMetrics metrics, Map<String, ContainerOptions> queueOptions, ListenerExecution execution) {
        this.beanFactory = beanFactory;
        this.environment = environment;
        this.sqs = sqs;
        this.queues = queues;
        this.decoder = decoder;
        this.compiler = compiler;
        this.mapping = mapping;
        this.validator = validator;
        this.options = options;
        this.retriable = List.copyOf(retriable);
        this.metrics = metrics;
        this.queueOptions = Map.copyOf(queueOptions);
        this.execution = execution;
    }

    /**
     * @param largePayloads reads the bodies of messages offloaded to S3 (by default every such message
     *        is invalid, saying what to configure)
     */
    public void setLargePayloads(LargePayloads largePayloads) {
        this.largePayloads = largePayloads;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Map<String, List<ListenerMethod>> byQueue = new LinkedHashMap<>();
        // One object may be registered under several bean names: its listeners count once.
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (String name : beanFactory.getBeanDefinitionNames()) {
            if (!beanFactory.containsSingleton(name) && !isEagerSingleton(name)) {
                continue;
            }
            Class<?> type = beanFactory.getType(name);
            if (type == null) {
                continue;
            }
            Object bean = null;
            Class<?> userType = ClassUtils.getUserClass(type);
            if (Proxy.isProxyClass(type)) {
                // An interface-based proxy (@Transactional, @Async, aspects on an interface): the annotations are
                // on the target's class.
                bean = beanFactory.getBean(name);
                userType = AopProxyUtils.ultimateTargetClass(bean);
            }
            Map<Method, MegaListener> methods = MethodIntrospector.selectMethods(userType,
                    (MethodIntrospector.MetadataLookup<MegaListener>) method ->
                            AnnotatedElementUtils.findMergedAnnotation(method, MegaListener.class));
            if (methods.isEmpty()) {
                continue;
            }
            if (bean == null) {
                bean = beanFactory.getBean(name);
            }
            if (!seen.add(bean)) {
                continue;
            }
            Object listenerBean = bean;
            Class<?> listenerType = userType;
            // A defined order (reflection promises none): beans in definition order, then methods by name.
            List<Method> ordered = new ArrayList<>(methods.keySet());
            ordered.sort(Comparator.comparing(Method::getName).thenComparing(Method::toGenericString));
            ordered.forEach(method -> {
                MegaListener annotation = methods.get(method);
                String queue = environment.resolveRequiredPlaceholders(annotation.queue());
                String match = environment.resolveRequiredPlaceholders(annotation.match());
                List<Class<? extends Throwable>> types = new ArrayList<>(retriable);
                types.addAll(Arrays.asList(annotation.retriable()));
                Method invocable = invocable(method, listenerBean, listenerType);
                byQueue.computeIfAbsent(queue, q -> new ArrayList<>()).add(ListenerMethod.of(listenerBean, invocable,
                        queue, match, types, retryBackoff(annotation, listenerType, method), compiler, mapping,
                        validator, annotation.batch()));
            });
        }
        byQueue.forEach((queue, listeners) -> {
            String url = resolve(queue, listeners);
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url)
                    .attributeNames(QueueAttributeName.REDRIVE_POLICY, QueueAttributeName.VISIBILITY_TIMEOUT)).join()
                    .attributes();
            String deadLetterUrl = DeadLetters.find(sqs, attributes.get(QueueAttributeName.REDRIVE_POLICY), url);
            Duration visibility = Duration.ofSeconds(Long.parseLong(attributes.getOrDefault(
                    QueueAttributeName.VISIBILITY_TIMEOUT, "30")));
            containers.add(new MegaListenerContainer(queue, url, deadLetterUrl, visibility, listeners, sqs, decoder,
                    policiesFor(queue, deadLetterUrl), metrics, execution, largePayloads));
        });
        registerWithSpringCloudAws();
    }

    /**
     * Puts every container in Spring Cloud AWS's registry (there when Spring Cloud AWS's SQS
     * auto-configuration or {@code @EnableSqs} is), under {@code mega-<queue>}. The registry starts the
     * auto-startup ones with the application, as this registrar does (starting twice does nothing), and
     * stops them all.
     */
    private void registerWithSpringCloudAws() {
        MessageListenerContainerRegistry registry = beanFactory.getBeanProvider(MessageListenerContainerRegistry.class)
                .getIfUnique();
        if (registry == null) {
            return;
        }
        for (MegaListenerContainer container : containers) {
            if (registry.getContainerById(container.getId()) != null) {
                throw new MegaListenerException("A listener container with the id '" + container.getId() + "' is "
                        + "already registered in Spring Cloud AWS's MessageListenerContainerRegistry: ids mega-<queue> "
                        + "are SQS MEGA's; give the other container another id", null);
            }
            registry.registerListenerContainer(container);
        }
    }

    /** The method to call on the bean itself, which may be a proxy; a method the proxy cannot reach fails startup. */
    private static Method invocable(Method method, Object bean, Class<?> type) {
        try {
            return AopUtils.selectInvocableMethod(method, bean.getClass());
        }
        catch (IllegalStateException ex) {
            throw new MegaListenerException("@MegaListener " + type.getName() + "." + method.getName() + " is on a bean "
                    + "behind an interface-based (JDK) proxy, and none of the proxy's interfaces declares it, so it "
                    + "cannot be called through the proxy: declare it in one of the bean's interfaces, or have the bean "
                    + "proxied by class (spring.aop.proxy-target-class=true, or proxyTargetClass = true on the @Enable... "
                    + "annotation that proxies it)", ex);
        }
    }

    private ContainerOptions policiesFor(String queue, String deadLetterUrl) {
        ContainerOptions options = queueOptions.getOrDefault(queue, this.options);
        boolean deadLetterAsked = options.fatalPolicy() == FailurePolicy.DEAD_LETTER
                || options.invalidPolicy() == FailurePolicy.DEAD_LETTER
                || options.unrecognisedPolicy() == FailurePolicy.DEAD_LETTER
                || options.unmatchedPolicy() == FailurePolicy.DEAD_LETTER;
        if (deadLetterUrl == null && deadLetterAsked) {
            throw new MegaListenerException("Queue '" + queue + "' has no dead-letter queue, but a mega.listener.*-policy "
                    + "is dead-letter: give the queue a RedrivePolicy (deadLetterTargetArn, maxReceiveCount) or choose "
                    + "retain or delete", null);
        }
        boolean defaulted = options.fatalPolicy() == null || options.invalidPolicy() == null
                || options.unrecognisedPolicy() == null;
        if (deadLetterUrl == null && defaulted) {
            LOG.warn("Queue '{}' has no dead-letter queue: messages that fail for good, invalid bodies and "
                    + "unrecognised payloads will be DELETED. Give the queue a RedrivePolicy (deadLetterTargetArn and "
                    + "maxReceiveCount) to keep them, or set mega.listener.fatal-policy, invalid-policy and "
                    + "unrecognised-policy to retain.", queue);
        }
        return options.withDefaultPolicies(deadLetterUrl != null);
    }

    /** The annotation's backoff settings over the global ones, or {@code null} when it sets none. */
    private RetryBackoff retryBackoff(MegaListener annotation, Class<?> type, Method method) {
        if (annotation.retryInitial().isEmpty() && annotation.retryMultiplier() == 0 && annotation.retryMax().isEmpty()) {
            return null;
        }
        RetryBackoff global = options.retryBackoff();
        try {
            return new RetryBackoff(
                    annotation.retryInitial().isEmpty() ? global.initial()
                            : DurationStyle.detectAndParse(environment.resolveRequiredPlaceholders(annotation.retryInitial())),
                    annotation.retryMultiplier() == 0 ? global.multiplier() : annotation.retryMultiplier(),
                    annotation.retryMax().isEmpty() ? global.max()
                            : DurationStyle.detectAndParse(environment.resolveRequiredPlaceholders(annotation.retryMax())),
                    global.jitter());
        }
        catch (IllegalArgumentException ex) {
            throw new MegaListenerException("@MegaListener " + type.getName() + "." + method.getName()
                    + ": invalid retry settings: " + ex.getMessage(), ex);
        }
    }

    private boolean isEagerSingleton(String name) {
        return beanFactory.containsBeanDefinition(name) && beanFactory.getBeanDefinition(name).isSingleton()
                && !beanFactory.getBeanDefinition(name).isLazyInit() && !beanFactory.getBeanDefinition(name).isAbstract();
    }

    private String resolve(String queue, List<ListenerMethod> listeners) {
        try {
            return queues.resolve(queue).join();
        }
        catch (CompletionException ex) {
            Throwable cause = ex.getCause() instanceof MegaPublishException ? ex.getCause() : ex;
            throw new MegaListenerException("@MegaListener " + listeners.stream().map(ListenerMethod::id).toList()
                    + " cannot listen to '" + queue + "': " + cause.getMessage(), cause);
        }
    }

    /** @return the containers, one per queue */
    public List<MegaListenerContainer> containers() {
        return List.copyOf(containers);
    }

    @Override
    public void start() {
        for (MegaListenerContainer container : containers) {
            if (container.isAutoStartup()) {
                container.start();
            }
            else {
                LOG.info("Not listening to {} at startup (mega.queues.<name>.auto-startup=false): start {} through "
                        + "/actuator/mega/{} or the MessageListenerContainerRegistry", container.queue(),
                        container.getId(), container.queue());
            }
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        // Side by side: each waits up to its shutdown timeout for its messages in flight.
        List<Thread> stopping = new ArrayList<>();
        for (MegaListenerContainer container : containers) {
            Thread thread = new Thread(container::stop, "mega-stop-" + container.queue());
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
