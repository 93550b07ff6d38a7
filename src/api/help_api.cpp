#include "api/help_api.h"

#include "api/services_api.h"

namespace doma::api {
http::Response HelpApi::Places(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }
http::Response HelpApi::CheckBadge(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }
http::Response HelpApi::CreateRequest(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }
http::Response HelpApi::MyRequests(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }
http::Response HelpApi::GetRequest(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }
http::Response HelpApi::Take(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }
http::Response HelpApi::Release(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }
http::Response HelpApi::Complete(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }
http::Response HelpApi::Confirm(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }
http::Response HelpApi::Cancel(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }
http::Response HelpApi::Erase(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }
http::Response HelpApi::Assign(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }
http::Response HelpApi::Merge(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }
http::Response HelpApi::Feed(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }
http::Response HelpApi::Tasks(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }
http::Response HelpApi::Volunteer(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }
http::Response HelpApi::RegisterVolunteer(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }
http::Response HelpApi::SetLocation(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }
http::Response HelpApi::Dashboard(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }
http::Response HelpApi::Volunteers(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }
http::Response HelpApi::VerifyVolunteer(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }
http::Response HelpApi::SuspendVolunteer(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }
http::Response HelpApi::ReinstateVolunteer(http::Request& req) { return ServicesApi::Problem(501, "not yet", "", req.request_id); }

}  // namespace doma::api
