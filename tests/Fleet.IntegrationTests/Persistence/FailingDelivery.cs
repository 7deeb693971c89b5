using MassTransit;

namespace Fleet.IntegrationTests.Persistence;

/// <summary>
/// The one fake: a transport send of a Counted event that fails once, right after the outbox committed, standing in
/// for a process killed between commit and send (a real kill would take the test runner with it).
/// </summary>
public sealed class FailingDelivery
{
    int _armed;
    int _failures;

    public int Failures => _failures;

    public void FailNextCounted() => Interlocked.Exchange(ref _armed, 1);

    public bool ShouldFail(SendContext context)
    {
        if (context.DestinationAddress?.AbsolutePath.EndsWith(nameof(Counted), StringComparison.Ordinal) != true)
            return false;
        if (Interlocked.Exchange(ref _armed, 0) == 0)
            return false;
        Interlocked.Increment(ref _failures);
        return true;
    }
}

public sealed class FailingDeliveryFilter(FailingDelivery delivery) : IFilter<SendContext>
{
    public Task Send(SendContext context, IPipe<SendContext> next) =>
        delivery.ShouldFail(context) ? throw new IOException("Injected transport failure after the outbox commit") : next.Send(context);

    public void Probe(ProbeContext context) => context.CreateFilterScope("failingDelivery");
}
