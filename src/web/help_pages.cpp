#include "web/help_pages.h"

namespace doma::web {
http::Response HelpPages::Landing(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::CheckForm(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::CheckBadge(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::AskForm(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::Ask(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::Mine(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::Request(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::Take(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::Release(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::Done(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::Confirm(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::Cancel(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::Erase(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::Assign(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::Merge(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::Feed(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::VolunteerForm(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::VolunteerSignUp(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::Location(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::Dashboard(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::CallForm(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::Call(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::Volunteers(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::VolunteerCard(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::Verify(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::Suspend(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::Reinstate(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }
http::Response HelpPages::Map(http::Request& req, const Who&) { return pages_.Error(&req, 501, "not yet"); }

}  // namespace doma::web
