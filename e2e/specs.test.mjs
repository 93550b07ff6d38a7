// Entry point for `node --test e2e/`: Node 20's test runner only picks up files
// named *.test.mjs / *-test.mjs / test-*.mjs / test.mjs, so the *.spec.mjs user
// stories are imported from here (each is a describe() block with its own
// server and browser in before/after, so they run one after another).
// A single spec can also be run directly: node --test e2e/<name>.spec.mjs
import './resident_finds_service.spec.mjs';
import './resident_corrects_typing.spec.mjs';
import './pages_work_without_javascript.spec.mjs';
import './admin_grants_editor_role.spec.mjs';
import './resident_signs_up_with_phone.spec.mjs';
import './resident_proposes_service.spec.mjs';
import './editor_approves_submission.spec.mjs';
import './editor_rejects_submission.spec.mjs';
import './editor_publishes_news.spec.mjs';
import './operator_takes_call_for_elderly_resident.spec.mjs';
import './volunteer_claims_and_completes_request.spec.mjs';
import './coordinator_verifies_volunteer.spec.mjs';
import './resident_checks_volunteer_badge.spec.mjs';
import './resident_cancels_request.spec.mjs';
import './boxes_sit_beside_their_words.spec.mjs';
import './editor_prints_entrance_poster.spec.mjs';
import './coordinator_prints_leaflet_for_a_village.spec.mjs';
import './webmaster_embeds_widget.spec.mjs';
import './resident_subscribes_to_digest.spec.mjs';
import './relative_asks_for_grandmother_without_account.spec.mjs';
import './keyboard_only_counts.spec.mjs';
import './every_page_fits_every_role.spec.mjs';
import './resident_switches_to_large_white_on_black.spec.mjs';
