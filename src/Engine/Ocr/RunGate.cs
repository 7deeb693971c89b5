namespace Fleet.Engine.Ocr;

/// <summary>
/// The engine-wide limit on model runs at once (<see cref="OcrOptions.ConcurrentRuns"/>), with two lanes: a run made
/// inside an <see cref="Interactive"/> scope (a <c>POST /recognize</c> request, which someone is waiting for) takes the
/// next free slot before any batch run that waits. A batch run already going is never interrupted, so an interactive
/// page waits at most for the runs in flight (one detection or a few line recognitions), not for the batch's pages.
/// </summary>
public sealed class RunGate(int slots)
{
    private static readonly AsyncLocal<bool> InInteractiveScope = new();
    private static readonly TimeSpan CancellationPoll = TimeSpan.FromMilliseconds(50);

    private readonly object sync = new();
    private int free = slots;
    private int interactiveWaiting;

    /// <summary>Whether model runs on this flow take the interactive lane.</summary>
    public static bool IsInteractive => InInteractiveScope.Value;

    /// <summary>Model runs on this flow (and the parallel work it starts) go first until the scope is disposed.</summary>
    public static IDisposable Interactive()
    {
        var outer = InInteractiveScope.Value;
        InInteractiveScope.Value = true;
        return new Scope(outer);
    }

    public void Wait(CancellationToken cancellationToken)
    {
        var interactive = InInteractiveScope.Value;
        lock (sync)
        {
            if (interactive)
                interactiveWaiting++;
            try
            {
                while (free == 0 || (!interactive && interactiveWaiting > 0))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Monitor.Wait(sync, CancellationPoll);
                }
                free--;
            }
            finally
            {
                if (interactive && --interactiveWaiting == 0)
                    Monitor.PulseAll(sync); // batch runs held back for it may go now
            }
        }
    }

    public void Release()
    {
        lock (sync)
        {
            free++;
            Monitor.PulseAll(sync);
        }
    }

    private sealed class Scope(bool outer) : IDisposable
    {
        public void Dispose() => InInteractiveScope.Value = outer;
    }
}
