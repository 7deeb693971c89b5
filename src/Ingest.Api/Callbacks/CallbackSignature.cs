using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Fleet.Ingest.Api.Callbacks;

/// <summary>
/// The <c>Fleet-Signature</c> header of a completion callback: <c>t=UNIX_SECONDS,v1=HEX</c>, where HEX is the
/// HMAC-SHA256, keyed with the tenant's callback secret, of <c>UNIX_SECONDS + "." + body</c>. A receiver recomputes
/// it over the raw body, compares in constant time, and refuses timestamps too old (replays).
/// </summary>
public static class CallbackSignature
{
    public const string Header = "Fleet-Signature";

    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var timestamp = unixSeconds.ToString(CultureInfo.InvariantCulture);
        var signed = new byte[Encoding.UTF8.GetByteCount(timestamp) + 1 + body.Length];
        var written = Encoding.UTF8.GetBytes(timestamp, signed);
        signed[written] = (byte)'.';
        body.CopyTo(signed.AsSpan(written + 1));
        return $"t={timestamp},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed))}";
    }

    /// <summary>What a receiver does: true when <paramref name="header"/> signs <paramref name="body"/> with <paramref name="secret"/>.</summary>
    public static bool Verify(string secret, string header, ReadOnlySpan<byte> body, TimeSpan tolerance, DateTimeOffset now)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !long.TryParse(t, CultureInfo.InvariantCulture, out var seconds) || !parts.ContainsKey("v1"))
            return false;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
            return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, seconds, body)), Encoding.ASCII.GetBytes(header.Trim()));
    }
}
