using Microsoft.EntityFrameworkCore;
using Rectify.Web.Data;
using Rectify.Web.Mail;

namespace Rectify.Web.Operations;

public sealed record OutboxFigures(long Due, double OldestDueAgeSeconds, long Failed);
