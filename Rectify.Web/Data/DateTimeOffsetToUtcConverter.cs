using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Rectify.Web.Data;

/// <summary>Normalises a <see cref="DateTimeOffset"/> to UTC (offset zero) for PostgreSQL's timestamptz.</summary>
public sealed class DateTimeOffsetToUtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
    v => v.ToUniversalTime(),
    v => v.ToUniversalTime());
