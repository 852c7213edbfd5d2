namespace Rectify.Web.Evidence;

/// <summary>Thrown by <see cref="CheckedUploadStream"/> while a store reads an upload it must not keep; carries the user's message.</summary>
public sealed class EvidenceRefusedException(string message) : Exception(message);
