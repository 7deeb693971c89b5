namespace Fleet.Bench;

/// <summary>
/// English prose for the benchmark pages: ordinary business and technical sentences with digits, dates, amounts and
/// common punctuation, shuffled per page so no two pages are alike.
/// </summary>
public static class BenchText
{
    public static readonly IReadOnlyList<string> Sentences =
    [
        "The quarterly report was delivered to the board on 14 March 2024, two days ahead of schedule.",
        "Revenue grew by 12.5% to $4,310,000, while operating costs fell slightly.",
        "Please return the signed contract (pages 3 to 7) before Friday.",
        "Each invoice must show the order number, the delivery address and the VAT rate.",
        "The warehouse in Rotterdam handled 18,250 pallets last month; Hamburg handled 9,730.",
        "Maintenance of the cooling system is planned for the weekend of 21-22 June.",
        "Our support team answers most questions within four working hours.",
        "A summary of the findings is given in Table 2, and the raw data in Appendix B.",
        "The committee agreed that the pilot should continue for another six months.",
        "Temperatures between 18 and 24 degrees Celsius are recommended for storage.",
        "Shipping to Canada, Mexico and Brazil takes between five and nine days.",
        "If the alarm sounds, leave the building by the nearest exit and wait outside.",
        "The new software release fixes 37 known issues and improves start-up time.",
        "Customers who ordered before 1 May will receive a discount of 15 percent.",
        "All visitors must sign in at the front desk and wear a badge at all times.",
        "The bridge, completed in 1932, carries about 40,000 vehicles a day.",
        "Samples were analysed twice, and the mean of both results was recorded.",
        "Questions about this policy can be sent to the human resources office.",
        "The library is open from 9:00 to 17:30 on weekdays and closed on Sundays.",
        "Train services between the two cities run every 30 minutes during the day.",
        "The survey received 2,418 responses, of which 61% came from small firms.",
        "Replace the filter every three months, or sooner if the light turns red.",
        "An independent auditor reviewed the accounts and found no material errors.",
        "Project Alpha is on budget; Project Beta needs an extra week of testing.",
        "The museum's collection includes maps, letters and photographs from 1850 onwards.",
        "Backups are copied to a second site each night at 02:00 and kept for 90 days.",
        "Delivery vans must not be parked in the loading bay after six in the evening.",
        "The price list below is valid until the end of the year, unless stated otherwise.",
    ];

    /// <summary>
    /// Calibration prose for the int8 recogniser: other words, names and figures than <see cref="Sentences"/>, so the
    /// benchmark never measures pages the calibration has seen.
    /// </summary>
    public static readonly IReadOnlyList<string> CalibrationSentences =
    [
        "Lena Okafor signed the lease for unit 4B at 117 Harbour Street on 3 October 2023.",
        "Invoice No. INV-20931 lists 48 boxes of printer paper at EUR 6.95 each, VAT excluded.",
        "Why did the pump fail? The logs show pressure above 7.2 bar for nearly an hour.",
        "Quiet zones: the reading room, the archive and the upstairs gallery (levels 2-3).",
        "Jakob's team moved 3,406 files to the new server; 12 could not be opened.",
        "Flights QX 418 and QX 422 depart from gate C9 at 06:40 and 07:15.",
        "Keep the valve closed & the lid locked; see section 5.1 for the full procedure.",
        "The grant of GBP 75,000 covers equipment, travel and one part-time assistant.",
        "Order #7731 was split in two: the chairs ship today, the desks next Wednesday.",
        "Zoning rules allow buildings of up to 18 m, or 22 m with a green roof.",
        "Measured yields: wheat 7.9 t/ha, barley 6.4 t/ha, oats 5.1 t/ha.",
        "Dr. Vasquez will chair the panel; questions go to panel@example.org by noon.",
        "Exports to Norway, Japan and Kenya rose, while imports from Peru were flat.",
        "A 90-day warranty applies to refurbished units [model X-200 and later].",
        "Her report, titled \"Water Use in Small Towns\", runs to 64 pages.",
        "Volunteers meet every second Thursday; bring gloves, boots and a torch.",
    ];

    /// <summary>Paragraphs of three to five sentences, in an order fixed by <paramref name="seed"/>.</summary>
    public static List<string> Paragraphs(int seed, int count, IReadOnlyList<string>? sentences = null)
    {
        sentences ??= Sentences;
        var random = new Random(seed);
        var paragraphs = new List<string>(count);
        for (var p = 0; p < count; p++)
        {
            var picked = Enumerable.Range(0, random.Next(3, 6)).Select(_ => sentences[random.Next(sentences.Count)]);
            paragraphs.Add(string.Join(' ', picked));
        }
        return paragraphs;
    }
}
