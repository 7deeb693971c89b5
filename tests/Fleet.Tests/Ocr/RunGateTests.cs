using Fleet.Engine.Ocr;

namespace Fleet.Tests.Ocr;

/// <summary>The engine's run gate: at most its slots at once, and an interactive run before the batch runs that wait.</summary>
public sealed class RunGateTests
{
    [Test]
    public async Task A_freed_slot_goes_to_the_interactive_run_even_when_batch_runs_waited_longer()
    {
        var gate = new RunGate(1);
        gate.Wait(CancellationToken.None); // a batch run holds the only slot
        var order = new List<string>();
        var batchWaiting = Task.Run(() => { gate.Wait(CancellationToken.None); lock (order) order.Add("batch"); gate.Release(); });
        await Task.Delay(200);
        var interactiveWaiting = Task.Run(() =>
        {
            using (RunGate.Interactive())
                gate.Wait(CancellationToken.None);
            lock (order) order.Add("interactive");
            Thread.Sleep(100);
            gate.Release();
        });
        await Task.Delay(200);

        gate.Release();
        await Task.WhenAll(batchWaiting, interactiveWaiting).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(order, Is.EqualTo(new[] { "interactive", "batch" }));
    }

    [Test]
    public async Task No_more_runs_than_slots_go_at_once_and_a_waiting_run_can_be_cancelled()
    {
        var gate = new RunGate(2);
        var running = 0;
        var most = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
        {
            using var scope = i % 2 == 0 ? RunGate.Interactive() : null;
            gate.Wait(CancellationToken.None);
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            Thread.Sleep(30);
            Interlocked.Decrement(ref running);
            gate.Release();
        })));

        // Whether two of the eight overlapped is up to the thread pool; that two slots let two runs in at once is
        // shown below, where two waits return without a release between them.
        Assert.That(most, Is.InRange(1, 2));
        gate.Wait(CancellationToken.None);
        gate.Wait(CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        Assert.That(() => gate.Wait(cancel.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void The_interactive_scope_ends_with_its_dispose_and_flows_into_parallel_work()
    {
        bool[] seen = new bool[4];
        using (RunGate.Interactive())
            Parallel.For(0, seen.Length, i => seen[i] = RunGate.IsInteractive);

        Assert.That(seen, Is.All.True);
        Assert.That(RunGate.IsInteractive, Is.False);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
