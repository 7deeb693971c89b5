namespace Fleet.Cli.Bench;

/// <summary>
/// English prose for the benchmark pages: ordinary business and technical sentences with digits, dates, amounts and
/// common punctuation, shuffled per page so no two pages are alike.
/// </summary>
public static class BenchText
{
    private static readonly string[] Sentences =
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

    /// <summary>Paragraphs of three to five sentences, in an order fixed by <paramref name="seed"/>.</summary>
    public static List<string> Paragraphs(int seed, int count)
    {
        var random = new Random(seed);
        var paragraphs = new List<string>(count);
        for (var p = 0; p < count; p++)
        {
            var sentences = Enumerable.Range(0, random.Next(3, 6)).Select(_ => Sentences[random.Next(Sentences.Length)]);
            paragraphs.Add(string.Join(' ', sentences));
        }
        return paragraphs;
    }
}
