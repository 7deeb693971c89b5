namespace Fleet.Infrastructure.Messaging;

/// <summary>
/// The queue of <c>POST /recognize</c> requests: the workers' own, beside the chunk queue, so an interactive call never
/// waits behind batch chunks on the broker or in a worker's prefetch. A request lives only as long as its caller
/// waits (MassTransit sends it with a time-to-live of the request timeout), so an unanswered one is not read later.
/// </summary>
public static class RecognitionQueue
{
    public const string Name = "recognize-document";

    public static Uri Address { get; } = new($"queue:{Name}");
}
