using Fleet.Engine.Ocr.Graph;

namespace Fleet.Engine.Ocr;

/// <summary>
/// Collects how the named float tensors' values are spread while the recogniser runs on calibration pages: one
/// histogram per tensor and sign over magnitudes, 32 bins per octave, so a range can clip a chosen share of the
/// largest values. Activations have long tails; covering the very largest leaves too few uint8 steps for the bulk.
/// Safe from the engine's parallel runs.
/// </summary>
internal sealed class ActivationRecorder(IReadOnlyList<string> tensors)
{
    private const int BinsPerOctave = 32;
    private const int MinExponent = -16; // magnitudes below 2^-16 share the first bin
    private const int Bins = (16 - MinExponent) * BinsPerOctave;

    private readonly Dictionary<string, (long[] Negative, long[] Positive)> _histograms =
        tensors.ToDictionary(t => t, _ => (new long[Bins], new long[Bins]));
    private int _runs;

    public IReadOnlyList<string> Tensors { get; } = tensors;

    public int Runs => Volatile.Read(ref _runs);

    public void Record(string tensor, ReadOnlySpan<float> values)
    {
        var negative = new long[Bins];
        var positive = new long[Bins];
        foreach (var value in values)
        {
            if (value == 0)
                continue;
            var bin = Math.Clamp((int)((MathF.Log2(MathF.Abs(value)) - MinExponent) * BinsPerOctave), 0, Bins - 1);
            (value < 0 ? negative : positive)[bin]++;
        }
        var (allNegative, allPositive) = _histograms[tensor];
        lock (allNegative)
        {
            for (var i = 0; i < Bins; i++)
            {
                allNegative[i] += negative[i];
                allPositive[i] += positive[i];
            }
        }
    }

    public void RunDone() => Interlocked.Increment(ref _runs);

    /// <summary>Per tensor, the range that leaves out the given share of its largest magnitudes on either side.</summary>
    public SortedDictionary<string, float[]> Ranges(double clippedShare)
    {
        var ranges = new SortedDictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (tensor, (negative, positive)) in _histograms)
        {
            lock (negative)
            {
                var total = negative.Sum() + positive.Sum();
                var allowed = (long)(clippedShare * total);
                ranges[tensor] = [-Quantile(negative, allowed), Quantile(positive, allowed)];
            }
        }
        return ranges;
    }

    /// <summary>The upper edge of the bin below which all but <paramref name="allowed"/> values of the histogram lie.</summary>
    private static float Quantile(long[] histogram, long allowed)
    {
        var above = 0L;
        for (var i = Bins - 1; i >= 0; i--)
        {
            above += histogram[i];
            if (above > allowed)
                return MathF.Pow(2, MinExponent + (i + 1f) / BinsPerOctave);
        }
        return 0;
    }
}
