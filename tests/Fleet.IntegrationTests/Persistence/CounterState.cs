using MassTransit;

namespace Fleet.IntegrationTests.Persistence;

/// <summary>The test saga: counts increments, and announces a count when asked to.</summary>
public sealed class CounterState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";
    public int Count { get; set; }
}

public sealed record Increment(Guid CounterId, bool Announce = false);

public sealed record FinishCounter(Guid CounterId);

public sealed record Counted(Guid CounterId, int Count);
