using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Rectify.Web.Data;

/// <summary>Stores a <see cref="DateTimeOffset"/> as UTC ticks (INTEGER) so SQLite can sort and compare it; read back as UTC.</summary>
public sealed class DateTimeOffsetToBinaryConverterUtc() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
