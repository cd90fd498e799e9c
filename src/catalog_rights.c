/*
 * catalog_rights.c
 *	  May the current user read the catalog tables a cached reader
 *	  serves from, and does row-level security restrict what it sees?
 *
 * The per-backend caches of sector_catalog.c and dict_classify.c are
 * filled once and served to whoever calls next, possibly another role
 * after SET ROLE or inside a SECURITY DEFINER function.  So before serving
 * they ask here: no SELECT privilege on a table raises 42501 as a query
 * would; row-level security applying to the user (check_enable_rls) makes
 * the reader load what that user sees, for this statement only.  The
 * answer is remembered for the last user: it is asked again when
 * GetUserId() changes, when the reader drops it on a relcache invalidation
 * of its tables (GRANT, REVOKE, ENABLE ROW LEVEL SECURITY and CREATE
 * POLICY send one), or when a role or role membership changes, so that
 * the common call costs one comparison.
 */
#include "catalog_rights.h"

#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/rls.h"
#include "utils/syscache.h"

static uint64 role_epoch = 1;
static bool callbacks_registered = false;

static void
role_changed(Datum arg, int cacheid, uint32 hashvalue)
{
	role_epoch++;
}

bool
catalog_rights_check(CatalogRights *r, const Oid *relids, int n)
{
	Oid			user = GetUserId();

	if (!callbacks_registered)
	{
		/* rolsuper, rolbypassrls and memberships decide the answer too */
		CacheRegisterSyscacheCallback(AUTHOID, role_changed, (Datum) 0);
		CacheRegisterSyscacheCallback(AUTHMEMMEMROLE, role_changed, (Datum) 0);
		callbacks_registered = true;
	}
	if (r->userid == user && r->epoch == role_epoch)
		return r->rls;

	r->userid = InvalidOid;
	r->rls = false;
	for (int i = 0; i < n; i++)
	{
		if (!OidIsValid(relids[i]))
			continue;
		if (pg_class_aclcheck(relids[i], user, ACL_SELECT) != ACLCHECK_OK)
			aclcheck_error(ACLCHECK_NO_PRIV, OBJECT_TABLE, get_rel_name(relids[i]));
		/* noError: with row_security off the reader's own query refuses */
		if (check_enable_rls(relids[i], InvalidOid, true) == RLS_ENABLED)
			r->rls = true;
	}
	r->userid = user;
	r->epoch = role_epoch;
	return r->rls;
}
