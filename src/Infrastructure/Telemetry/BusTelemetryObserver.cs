using MassTransit;

namespace Fleet.Infrastructure.Telemetry;

/// <summary>Counts retried deliveries and messages moved to an error queue, by queue, for every endpoint of the bus.</summary>
public sealed class BusTelemetryObserver(FleetMetrics metrics) : IConsumeObserver, IReceiveObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.GetRetryAttempt() > 0 || context.GetRedeliveryCount() > 0)
            metrics.Retried(QueueName(context.ReceiveContext.InputAddress));
        return Task.CompletedTask;
    }

    public Task PostReceive(ReceiveContext context)
    {
        if (context.IsFaulted)
            metrics.MovedToErrorQueue(QueueName(context.InputAddress));
        return Task.CompletedTask;
    }

    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        metrics.MovedToErrorQueue(QueueName(context.InputAddress));
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class =>
        Task.CompletedTask;

    /// <summary>The queue's name: a bounded label (the endpoints are fixed), unlike the address of a temporary endpoint's host.</summary>
    private static string QueueName(Uri? address) => address?.AbsolutePath.Trim('/') is { Length: > 0 } path ? Uri.UnescapeDataString(path) : "unknown";
}
