using Fleet.Bench;
using Fleet.Engine.Ocr;

namespace Fleet.Tests.Ocr;

/// <summary>
/// Word confidences mean what they say: on pages scanned coarsely enough (100 DPI) that a few percent of words come out
/// wrong, words given confidence c are right about a share c of the time. Each OCR'd word is counted right when it is
/// on the longest common word sequence with the page's known text.
/// </summary>
public class ConfidenceCalibrationTests
{
    private static readonly double[] Bins = [0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 1.000001];

    [Test]
    public void Word_confidences_are_calibrated_on_degraded_scans()
    {
        var words = new List<(double Confidence, bool Right)>();
        using (var engine = new PaddleOcrEngine(new OcrOptions()))
        using (var generator = new BenchPageGenerator(dpi: 100))
        {
            for (var index = 0; index < 4; index++)
            {
                using var page = generator.Generate(index);
                var read = engine.Recognise(page.Image).Lines.SelectMany(l => l.Words).ToList();
                var right = OnCommonSequence(page.Expected.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries), read.Select(w => w.Text).ToArray());
                words.AddRange(read.Select((w, i) => (w.Confidence, right[i])));
            }
        }

        var calibrationError = 0.0;
        for (var b = 0; b < Bins.Length - 1; b++)
        {
            var bin = words.Where(w => w.Confidence >= Bins[b] && w.Confidence < Bins[b + 1]).ToList();
            if (bin.Count == 0)
                continue;
            var confidence = bin.Average(w => w.Confidence);
            var accuracy = bin.Average(w => w.Right ? 1.0 : 0.0);
            calibrationError += bin.Count * Math.Abs(confidence - accuracy);
            TestContext.Out.WriteLine($"confidence [{Bins[b]:0.00}, {Math.Min(1, Bins[b + 1]):0.00}): {bin.Count,5} words, mean confidence {confidence:0.000}, right {accuracy:0.000}");
        }
        calibrationError /= words.Count;
        var sure = words.Where(w => w.Confidence >= 0.99).ToList();
        TestContext.Out.WriteLine($"{words.Count} words, {words.Count(w => !w.Right)} wrong, expected calibration error {calibrationError:0.0000}");

        Assert.That(words.Count(w => !w.Right), Is.GreaterThan(20), "the pages must be hard enough to produce errors");
        Assert.That(calibrationError, Is.LessThan(0.03), "expected calibration error (confidence vs share right, weighted by bin)");
        Assert.That(sure.Average(w => w.Right ? 1.0 : 0.0), Is.GreaterThanOrEqualTo(0.98), "words given 0.99 or more");
    }

    /// <summary>For each read word, whether it lies on a longest common subsequence with the expected words.</summary>
    private static bool[] OnCommonSequence(string[] expected, string[] read)
    {
        var lengths = new int[expected.Length + 1, read.Length + 1];
        for (var e = expected.Length - 1; e >= 0; e--)
        {
            for (var r = read.Length - 1; r >= 0; r--)
                lengths[e, r] = expected[e] == read[r] ? lengths[e + 1, r + 1] + 1 : Math.Max(lengths[e + 1, r], lengths[e, r + 1]);
        }

        var right = new bool[read.Length];
        for (int e = 0, r = 0; e < expected.Length && r < read.Length;)
        {
            if (expected[e] == read[r])
            {
                right[r] = true;
                e++;
                r++;
            }
            else if (lengths[e + 1, r] >= lengths[e, r + 1])
                e++;
            else
                r++;
        }
        return right;
    }
}
