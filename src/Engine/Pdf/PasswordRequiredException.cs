namespace Fleet.Engine.Pdf;

/// <summary>
/// An encrypted PDF opened without a password: the one rejection that a password given for the batch can lift, so
/// callers look one up only then.
/// </summary>
public sealed class PasswordRequiredException() : PdfRejectedException("encrypted: password required");
