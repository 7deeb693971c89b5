using MassTransit;

namespace Fleet.IntegrationTests.Persistence;

public sealed class CounterStateMachine : MassTransitStateMachine<CounterState>
{
    public State Counting { get; private set; } = null!;
    public Event<Increment> Incremented { get; private set; } = null!;
    public Event<FinishCounter> Finished { get; private set; } = null!;

    public CounterStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => Incremented, e => e.CorrelateById(m => m.Message.CounterId));
        Event(() => Finished, e => e.CorrelateById(m => m.Message.CounterId));

        Initially(When(Incremented).Then(Count).TransitionTo(Counting).If(m => m.Message.Announce, Announce));
        During(Counting,
            When(Incremented).Then(Count).If(m => m.Message.Announce, Announce),
            When(Finished).Finalize());
        SetCompletedWhenFinalized();
    }

    static void Count(BehaviorContext<CounterState, Increment> context) => context.Saga.Count++;

    static EventActivityBinder<CounterState, Increment> Announce(EventActivityBinder<CounterState, Increment> binder) =>
        binder.Publish(context => new Counted(context.Saga.CorrelationId, context.Saga.Count));
}
